import { registerEnumType } from 'type-graphql';

export enum AsbCategory {
  VANDALISM = 'VANDALISM',
  PUBLIC_DRUNKENNESS = 'PUBLIC_DRUNKENNESS',
  HATE = 'HATE',
  INTIMIDATION_HARASSMENT = 'INTIMIDATION_HARASSMENT',
  NOISE = 'NOISE',
  DRUGS = 'DRUGS',
  VEHICLE_NUISANCE = 'VEHICLE_NUISANCE',
  LITTERING_DUMPING = 'LITTERING_DUMPING',
  NEIGHBOUR_NUISANCE = 'NEIGHBOUR_NUISANCE',
  OTHER = 'OTHER',
}

registerEnumType(AsbCategory, {
  name: 'AsbCategory',
  valuesConfig: {
    HATE: { description: 'Hate behaviour targeted at members of identified groups because of their perceived differences.' },
  },
});

/** Each category in plain words, as a letter to the applicant names it. */
export const ASB_CATEGORY_WORDS: Record<AsbCategory, string> = {
  VANDALISM: 'vandalism',
  PUBLIC_DRUNKENNESS: 'public drunkenness',
  HATE: 'hate incident',
  INTIMIDATION_HARASSMENT: 'intimidation or harassment',
  NOISE: 'noise',
  DRUGS: 'drugs',
  VEHICLE_NUISANCE: 'vehicle nuisance',
  LITTERING_DUMPING: 'littering or dumping',
  NEIGHBOUR_NUISANCE: 'neighbour nuisance',
  OTHER: 'other anti-social behaviour',
};
