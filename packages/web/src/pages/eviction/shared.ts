import { useSession } from '../../session/SessionContext.tsx';

/** The unit the team works in (the chosen unit) when the user is its manager, caseworker or host; else null. */
export function useCaseUnit() {
  const { unit, roleIn } = useSession();
  const role = unit ? roleIn(unit.id) : null;
  return role === 'manager' || role === 'caseworker' || role === 'host' ? unit : null;
}
