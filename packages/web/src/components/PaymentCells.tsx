import { useTranslation } from 'react-i18next';
import type { Payment } from '../api/types.ts';

/** How the money came: "Swish" for one recorded by hand, "BgMax-fil · OCR-nummer" for one from a file. */
export function PaymentHow({ payment: p }: { payment: Payment }) {
  const { t } = useTranslation();
  if (p.source === 'manual') {
    return (
      <>
        {p.method ? t(`ledger.methods.${p.method}`) : t('ledger.sources.manual')}
        <span className="cell-sub">{t('ledger.sources.manual')}</span>
      </>
    );
  }
  return (
    <>
      {t(`ledger.sources.${p.source}`)}
      {p.matchedBy ? (
        <span className="cell-sub">{p.matchedBy === 'ocr' ? t('payments.matchedByOcr') : t('payments.matchedByStaff')}</span>
      ) : null}
    </>
  );
}

/** Who paid and what they wrote: the payer's name, the reference and any message, each on its own line. */
export function PaymentParty({ payment: p, showNote = false }: { payment: Payment; showNote?: boolean }) {
  const lines = paymentTexts(p, showNote);
  if (!p.payerName && lines.length === 0) return null;
  return (
    <>
      {p.payerName ? <span className="payer-name">{p.payerName}</span> : null}
      {lines.map((line, i) => (
        <span key={i} className={p.payerName || i > 0 ? 'cell-sub' : undefined}>
          {line}
        </span>
      ))}
    </>
  );
}

/** Reference, message (and note): each once. A BgMax free-text reference arrives as both reference and message. */
export function paymentTexts(p: Pick<Payment, 'reference' | 'freeText' | 'note'>, withNote = false): string[] {
  const texts = [p.reference, p.freeText, withNote ? p.note : null].filter((x): x is string => !!x && x.trim() !== '');
  return texts.filter((text, i) => texts.findIndex((other) => other.trim().toLowerCase() === text.trim().toLowerCase()) === i);
}
