import type { Faker } from '@faker-js/faker';
import type { NamedListItem } from './employee';

/** The department that contains only the CEO. */
export const EXECUTIVE_DEPARTMENT = 'Executive Office';

const DEPARTMENTS = [
  EXECUTIVE_DEPARTMENT,
  'Engineering',
  'Product',
  'Sales',
  'Marketing',
  'Customer Success',
  'Finance',
  'People & Culture',
  'Operations',
  'Legal',
];
const ARCHIVED_DEPARTMENTS = ['Field Services'];
const SITES = ['London', 'Madrid', 'München', 'São Paulo', 'New York', 'Tokyo'];

/** Titles given to the CEO, department heads and team leads. */
export const MANAGER_TITLES = { ceo: 'Chief Executive Officer', head: 'Head of Department', lead: 'Team Lead' };

const INDIVIDUAL_TITLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Product Manager',
  'Designer',
  'Account Executive',
  'Sales Development Representative',
  'Marketing Specialist',
  'Customer Success Manager',
  'Support Specialist',
  'Accountant',
  'Financial Analyst',
  'HR Business Partner',
  'Recruiter',
  'Operations Analyst',
  'Legal Counsel',
  'Data Analyst',
  'QA Engineer',
  'Office Coordinator',
];

/** HiBob's three named lists that employee list fields refer to. */
export interface NamedLists {
  departments: NamedListItem[];
  sites: NamedListItem[];
  titles: NamedListItem[];
}

/** Creates the named lists with unique 9-digit item ids drawn from `faker`. */
export function generateNamedLists(faker: Faker): NamedLists {
  const usedIds = new Set<string>();
  const createItem = (name: string, archived = false): NamedListItem => {
    let id = faker.string.numeric({ length: 9, allowLeadingZeros: false });
    while (usedIds.has(id)) {
      id = faker.string.numeric({ length: 9, allowLeadingZeros: false });
    }
    usedIds.add(id);
    return { id, value: name, name, archived, children: [] };
  };
  const titleNames = [MANAGER_TITLES.ceo, MANAGER_TITLES.head, MANAGER_TITLES.lead, ...INDIVIDUAL_TITLES];
  return {
    departments: [
      ...DEPARTMENTS.map((name) => createItem(name)),
      ...ARCHIVED_DEPARTMENTS.map((n) => createItem(n, true)),
    ],
    sites: SITES.map((name) => createItem(name)),
    titles: titleNames.map((name) => createItem(name)),
  };
}

/** Returns the id of the item called `name`, or throws when the list has no such item. */
export function itemIdByName(items: NamedListItem[], name: string): string {
  const item = items.find((candidate) => candidate.name === name);
  if (!item) {
    throw new Error(`Named list item "${name}" not found`);
  }
  return item.id;
}

/** Returns the titles of individual contributors (employees without reports). */
export function individualTitleIds(titles: NamedListItem[]): string[] {
  return titles.filter((item) => INDIVIDUAL_TITLES.includes(item.name)).map((item) => item.id);
}
