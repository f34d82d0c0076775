/** Names the pub/sub and queue roles report under; shared by the worker and the report. */

/** Report label of pub/sub deliveries (latency from publish to receipt). */
export const DELIVERY_LABEL = 'pubsub:deliver';
/** Counter of deliveries PUBLISH replies promised (subscribers that got each message). */
export const PROMISED_COUNTER = 'pubsub.promised';
/** Report label of a consumer group's queue wait time (from push to pop). */
export const queueLabel = (group: string): string => `queue:${group}`;

/** True for the labels of roles (deliveries, queue waits), which are not commands the mix sent. */
export const isRoleLabel = (label: string): boolean => label.startsWith('pubsub:') || label.startsWith('queue:');
