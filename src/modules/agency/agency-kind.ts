import { registerEnumType } from 'type-graphql';

export enum AgencyKind {
  POLICE = 'POLICE',
  COUNCIL = 'COUNCIL',
  HOUSING_PROVIDER = 'HOUSING_PROVIDER',
  HEALTH = 'HEALTH',
  FIRE_AND_RESCUE = 'FIRE_AND_RESCUE',
  OTHER = 'OTHER',
  POLICING_BODY = 'POLICING_BODY',
}

registerEnumType(AgencyKind, {
  name: 'AgencyKind',
  valuesConfig: {
    POLICING_BODY: { description: 'The office of a police and crime commissioner (or mayor with those functions).' },
  },
});
