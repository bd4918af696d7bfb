/** Roles (DOMAIN.md D1), each granted on a unit and valid for its whole subtree. */
export const ROLES = ['admin', 'office', 'leader', 'inspector', 'supervisor', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Kinds of unit in the tree: city bureau -> county bureaus -> departments and party branches. */
export const UNIT_KINDS = ['city_bureau', 'county_bureau', 'department', 'party_branch'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Why someone is a key person (重点人员): 管钱管物管人管建, or a high-risk post. */
export const KEY_PERSON_REASONS = [
  'money',
  'goods',
  'personnel',
  'construction',
  'high_risk_post',
] as const;
export type KeyPersonReason = (typeof KEY_PERSON_REASONS)[number];

/** A person who leaves keeps their records; they are only marked as gone. */
export const PERSON_STATUSES = ['active', 'left'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** The flags a person carries, as a person sees them. */
export const PERSON_FLAGS = ['leader', 'key_person'] as const;
export type PersonFlag = (typeof PERSON_FLAGS)[number];
