export { tenantWorkflow } from './tenant';
export { fullSyncWorkflow } from './fullSync';
