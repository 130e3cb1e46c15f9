// `prisma migrate dev --name "Add creator codes"` names the directory 20261123120000_add_creator_codes. Prisma
// runs the name through @sindresorhus/slugify with "_" as separator; this is the same pipeline for the
// names people type (ASCII words, camelCase, accents), without the package's emoji transliteration table.
const MAX_MIGRATION_NAME_LENGTH = 200;

export function slugifyMigrationName(name: string): string {
  let slug = name.normalize().replaceAll("&", " and ");
  slug = slug.normalize("NFD").replace(/\p{Diacritic}/gu, "").normalize();
  slug = slug
    .replace(/([A-Z]{2,})(\d+)/g, "$1 $2")
    .replace(/([a-z\d]+)([A-Z]{2,})/g, "$1 $2")
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-rt-z\d]+)/g, "$1 $2")
    .toLowerCase()
    .replace(/([a-zA-Z\d]+)'([ts])(\s|$)/g, "$1$2$3")
    .replace(/[^a-z\d]+/g, "_")
    .replace(/_{2,}/g, "_")
    .replace(/^_|_$/g, "");
  return slug.substring(0, MAX_MIGRATION_NAME_LENGTH);
}
