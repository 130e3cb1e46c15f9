/** The sealed-secret contexts of bank files (secret-box binds each ciphertext to its shop and purpose). */
export const sepaDebtorIbanContext = (shop: string) => `sepa-debtor-iban:${shop}`;
export const creatorIbanContext = (shop: string, creatorId: string) => `iban:${shop}:${creatorId}`;
export const bankFileContentContext = (shop: string, messageId: string) => `bank-file:${shop}:${messageId}`;
