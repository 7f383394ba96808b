import { registerEnumType } from 'type-graphql';

export enum PersonKind {
  INDIVIDUAL = 'INDIVIDUAL',
  BUSINESS = 'BUSINESS',
  COMMUNITY_GROUP = 'COMMUNITY_GROUP',
}

registerEnumType(PersonKind, { name: 'PersonKind' });
