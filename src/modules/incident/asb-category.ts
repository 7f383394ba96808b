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

/** Each category in words, for documents (the panel pack) and pictures' legends. */
export const ASB_CATEGORY_LABELS: Record<AsbCategory, string> = {
  VANDALISM: 'Vandalism',
  PUBLIC_DRUNKENNESS: 'Public drunkenness',
  HATE: 'Hate behaviour',
  INTIMIDATION_HARASSMENT: 'Intimidation or harassment',
  NOISE: 'Noise',
  DRUGS: 'Drugs',
  VEHICLE_NUISANCE: 'Vehicle nuisance',
  LITTERING_DUMPING: 'Littering or dumping',
  NEIGHBOUR_NUISANCE: 'Neighbour nuisance',
  OTHER: 'Other',
};
