import { registerEnumType } from 'type-graphql';

/** DOMAIN.md, "The panel pack and the risk assessment": the levels of a risk assessment, lowest first. */
export enum RiskLevel {
  STANDARD = 'STANDARD',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  valuesConfig: {
    HIGH: { description: 'Score at or above the partnership\'s high mark, or a "yes" to a question that forces HIGH (violence, self-harm): reassess within 14 days.' },
    MEDIUM: { description: "Score at or above the partnership's medium mark: reassess within 28 days." },
  },
});
