// Entry point for the TypeORM CLI (npm run migration:generate): DATABASE_URL names
// a scratch database that has every landed migration applied.
import 'reflect-metadata';
import { createDataSource } from './data-source';

if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a scratch database to generate a migration');
export default createDataSource(process.env.DATABASE_URL);
