import { registerEnumType } from 'type-graphql';

export enum AgencyKind {
  POLICE = 'POLICE',
  COUNCIL = 'COUNCIL',
  HOUSING_PROVIDER = 'HOUSING_PROVIDER',
  HEALTH = 'HEALTH',
  FIRE_AND_RESCUE = 'FIRE_AND_RESCUE',
  OTHER = 'OTHER',
}

registerEnumType(AgencyKind, { name: 'AgencyKind' });
