/** Rows per list page: enough to see a unit's apartments at a glance, few enough to scan. */
export const PAGE_SIZE = 25;
/** Options in a searchable select (resident, apartment): the API's maximum page size. */
export const PICKER_SIZE = 200;
