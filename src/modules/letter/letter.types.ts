import { Field, ObjectType } from 'type-graphql';
import { textCost } from '../../common/cost';
import { MAX_TEMPLATE } from './letter.template';
import { LetterKind } from './letter-kind';
import type { LetterDocument } from './letter.document';

/** Longest letter text, for the query cost (a panel's findings and fifty recommendations fit). */
export const MAX_LETTER_CHARS = 40_000;

@ObjectType({ description: "A letter drafted from the partnership's template and the case, in plain language." })
export class Letter {
  @Field(() => LetterKind)
  kind: LetterKind;

  @Field({ complexity: textCost(MAX_LETTER_CHARS), description: 'Plain text of the letter.' })
  text: string;

  @Field({ description: "Path (relative to the hub's URL) of the same letter as a PDF, for the caller's token." })
  pdfPath: string;

  /** The letter in its parts, for the PDF. */
  document: LetterDocument;
}

@ObjectType({ description: "A partnership's wording of one kind of letter (the hub's default until the CST sets its own)." })
export class LetterTemplate {
  @Field(() => LetterKind)
  kind: LetterKind;

  @Field({ complexity: textCost(MAX_TEMPLATE), description: 'The body, a Mustache template: {{placeholder}}, and {{#list}} ... {{/list}} for reports and recommendations.' })
  text: string;

  @Field(() => Boolean, { description: "True when the partnership wrote it; false for the hub's default." })
  custom: boolean;

  @Field(() => [String], { description: 'The placeholders this kind of letter may use.' })
  placeholders: string[];
}

export const letterPdfPath = (caseId: string, kind: LetterKind) => `/documents/cases/${caseId}/letters/${kind}.pdf`;
