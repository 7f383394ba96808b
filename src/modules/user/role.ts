import { registerEnumType } from 'type-graphql';

/** What a user may do; held in the hub's own user records, never taken from a token. */
export enum Role {
  ADMIN = 'ADMIN',
  CST_OFFICER = 'CST_OFFICER',
  CONTRIBUTOR = 'CONTRIBUTOR',
  RESPONDER = 'RESPONDER',
  PANEL_MEMBER = 'PANEL_MEMBER',
  AUDITOR = 'AUDITOR',
  OVERSIGHT = 'OVERSIGHT',
  DATA_PROTECTION_OFFICER = 'DATA_PROTECTION_OFFICER',
}

registerEnumType(Role, {
  name: 'Role',
  valuesConfig: {
    ADMIN: { description: 'Manages partnerships, agencies and users. Sees no personal data.' },
    CST_OFFICER: { description: "Community Safety Team of a partnership's lead agency: the single point of contact; runs case reviews." },
    CONTRIBUTOR: { description: "Records incidents on behalf of the user's own agency." },
    RESPONDER: { description: "Answers information requests and recommendations addressed to the user's own agency." },
    PANEL_MEMBER: { description: 'May be appointed to review panels, as chair or member.' },
    AUDITOR: { description: 'Reads and verifies the access log. Sees no case data.' },
    OVERSIGHT: {
      description:
        "A police and crime commissioner's office: the partnership's figures and secondary reviews routed to it; no personal data otherwise.",
    },
    DATA_PROTECTION_OFFICER: { description: 'Answers subject access and erasure requests for their agency.' },
  },
});
