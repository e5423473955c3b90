import {
  Faker,
  base,
  de,
  el,
  en,
  en_GB,
  es,
  fr,
  ja,
  pl,
  pt_BR,
  ru,
  zh_CN,
  type LocaleDefinition,
} from '@faker-js/faker';

/** Locales and their share of employees: mostly Latin script, some accented, some Cyrillic, Greek and CJK. */
const LOCALE_WEIGHTS: Array<{ weight: number; locale: LocaleDefinition }> = [
  { weight: 40, locale: en_GB },
  { weight: 15, locale: en },
  { weight: 12, locale: es },
  { weight: 8, locale: fr },
  { weight: 7, locale: de },
  { weight: 5, locale: pt_BR },
  { weight: 4, locale: pl },
  { weight: 3, locale: ru },
  { weight: 2, locale: el },
  { weight: 2, locale: ja },
  { weight: 2, locale: zh_CN },
];

/** Letters that Unicode decomposition does not reduce to ASCII. */
const ASCII_REPLACEMENTS: Record<string, string> = { ß: 'ss', ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', đ: 'd', ı: 'i' };

/** A first name and surname in one locale's script. */
export interface PersonName {
  firstName: string;
  surname: string;
}

/** Draws names from a weighted mix of locales, deterministically for a seed. */
export class NameGenerator {
  private readonly fakers: Array<{ weight: number; faker: Faker }>;
  private readonly totalWeight: number;

  constructor(
    private readonly picker: Faker,
    seed: number,
  ) {
    this.fakers = LOCALE_WEIGHTS.map(({ weight, locale }, index) => {
      const faker = new Faker({ locale: [locale, en, base] });
      faker.seed(seed * 31 + index);
      return { weight, faker };
    });
    this.totalWeight = LOCALE_WEIGHTS.reduce((sum, entry) => sum + entry.weight, 0);
  }

  /** Draws the next name. */
  next(): PersonName {
    let ticket = this.picker.number.int({ min: 0, max: this.totalWeight - 1 });
    for (const { weight, faker } of this.fakers) {
      if (ticket < weight) {
        return { firstName: faker.person.firstName(), surname: faker.person.lastName() };
      }
      ticket -= weight;
    }
    throw new Error('Locale weights do not add up');
  }
}

/** Folds a name to lower-case ASCII letters and digits. Names in non-Latin scripts give ''. */
export function asciiSlug(name: string): string {
  const decomposed = name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const replaced = [...decomposed].map((char) => ASCII_REPLACEMENTS[char] ?? char).join('');
  return replaced.replace(/[^a-z0-9]/g, '');
}

/** Builds the local part of a work email, falling back to the employee number for non-Latin names. */
export function emailLocalPart(name: PersonName, employeeNumber: number): string {
  const first = asciiSlug(name.firstName);
  const last = asciiSlug(name.surname);
  if (first && last) {
    return `${first}.${last}`;
  }
  return `employee${employeeNumber}`;
}

/** Returns `email` with the first letter of each dot-separated word of the local part in upper case. */
export function recaseEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const recased = local
    .split('.')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('.');
  return `${recased}@${domain}`;
}
