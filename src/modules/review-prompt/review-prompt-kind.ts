import { registerEnumType } from 'type-graphql';

export enum ReviewPromptKind {
  SECOND_REPORT = 'SECOND_REPORT',
  THRESHOLD_LIKELY = 'THRESHOLD_LIKELY',
}

registerEnumType(ReviewPromptKind, {
  name: 'ReviewPromptKind',
  valuesConfig: {
    SECOND_REPORT: { description: 'The reporter has made another qualifying report within six months: explain the case review.' },
    THRESHOLD_LIKELY: { description: "The partnership's threshold rule would be met by the reports the hub knows of." },
  },
});
