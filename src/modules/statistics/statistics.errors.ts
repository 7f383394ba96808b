import { defineErrors } from '../../common/errors';

export const StatisticsErrors = defineErrors('STATISTICS', {
  BAD_YEARS: ['BAD_USER_INPUT', 'fromYear must be at most toYear, within 50 years, from 2014 (the Act) on'],
});
