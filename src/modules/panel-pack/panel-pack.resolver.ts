import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { boundedList } from '../../common/cost';
import type { HubContext } from '../../graphql/context';
import { Agency } from '../agency/agency.entity';
import { CaseReviewPolicy } from '../case-review/case-review.policy';
import { CaseReview } from '../case-review/case-review.types';
import { ChronologyEntry, MAX_CHRONOLOGY, PanelPack, packPaths } from './panel-pack.types';

/** CaseReview.panelPack: resolved here, where the pack is made (type-graphql merges it into CaseReview). */
@Resolver(() => CaseReview)
export class CaseReviewPanelPackResolver {
  @FieldResolver(() => PanelPack, { description: 'Printable chronology for the panel (see PanelPack).' })
  panelPack(@Root() view: CaseReview): PanelPack {
    CaseReviewPolicy.assertBeyondReference(view, 'panelPack');
    return Object.assign(new PanelPack(), { view, ...packPaths(view.id) });
  }
}

@Resolver(() => PanelPack)
export class PanelPackResolver {
  @FieldResolver(() => [ChronologyEntry], {
    complexity: boundedList(MAX_CHRONOLOGY),
    description: "Every dated item of the case, oldest first, each redacted and logged as the field it comes from; empty for those who see only what is addressed to them.",
  })
  chronology(@Root() pack: PanelPack, @Ctx() ctx: HubContext): Promise<ChronologyEntry[]> {
    return ctx.services.panelPacks.chronology(pack.view);
  }
}

@Resolver(() => ChronologyEntry)
export class ChronologyEntryResolver {
  @FieldResolver(() => Agency, { nullable: true, description: "The agency whose record or act it is; null for the applicant's own account." })
  agency(@Root() entry: ChronologyEntry, @Ctx() ctx: HubContext): Promise<Agency | null> | null {
    return entry.agencyId ? ctx.loaders.agencies.byId.load(entry.agencyId) : null;
  }
}
