import { Agency } from './agency/agency.entity';
import { PartnershipAgency } from './partnership/partnership-agency.entity';
import { Partnership } from './partnership/partnership.entity';
import { User } from './user/user.entity';

/** Every TypeORM entity of the hub, for the data source and the migration generator. */
export const ENTITIES = [Agency, Partnership, PartnershipAgency, User];
