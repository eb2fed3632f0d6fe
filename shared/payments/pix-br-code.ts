import { createStaticPix, hasError, type StaticPixEmvElements } from 'pix-utils';

export interface PixCharge {
  /** The merchant's id of this charge, which the PSP's webhook names when it is paid: 1 to 25 letters or digits. */
  txid: string;
  amountCents: number;
  /** At most 25 characters once accents are dropped (the BR Code's field 59). */
  merchantName: string;
  /** At most 15 characters once accents are dropped (field 60). */
  merchantCity: string;
  /** The restaurant's Pix key: an e-mail, a phone number, a CPF/CNPJ or a random key (EVP). */
  pixKey: string;
}

/** The BR Code's txid field holds at most 25 characters, letters and digits only (Pix's BR Code manual). */
const TXID = /^[A-Za-z0-9]{1,25}$/;

/**
 * The "copia e cola" payload of one PIX charge (an EMV BR Code, merchant-presented), for the POS and the customer
 * display to show as a QR code: the key, the amount and the txid, marked single use (field 01 = 12) so the payer's
 * bank refuses to pay it twice. A PSP's `PUT /cob/{txid}` would instead give a location URL (field 25) to put in the
 * code; here the code carries the charge itself, so it works with no PSP behind it.
 */
export function pixBrCode(charge: PixCharge): string {
  if (!TXID.test(charge.txid)) throw new Error(`A Pix txid is 1 to 25 letters or digits, not "${charge.txid}".`);
  if (!Number.isSafeInteger(charge.amountCents) || charge.amountCents < 1) {
    throw new Error(`A Pix charge is a whole number of cents above 0, not ${charge.amountCents}.`);
  }
  // pix-utils leaves an empty field out, which would make a code no bank reads.
  if (!charge.pixKey || !charge.merchantName) throw new Error('A Pix BR Code needs the Pix key and the merchant name.');
  // pix-utils reads the element `oneTime` for field 01 but leaves it out of its parameters' type (its own
  // `isTransactionUnique` sets nothing): the test checks that field 01 is there.
  const params: Parameters<typeof createStaticPix>[0] & Pick<StaticPixEmvElements, 'oneTime'> = {
    pixKey: charge.pixKey,
    merchantName: charge.merchantName,
    merchantCity: charge.merchantCity,
    txid: charge.txid,
    // Integer cents over 100 is the double nearest to the decimal amount: toFixed(2) gives it back exactly.
    transactionAmount: charge.amountCents / 100,
    oneTime: true,
  };
  const pix = createStaticPix(params);
  if (hasError(pix)) throw new Error(`No Pix BR Code for txid ${charge.txid}: ${pix.message}.`);
  return pix.toBRCode();
}
