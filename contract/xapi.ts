// xAPI forwarding on the wire: /api/v1/xapi (is it on, where to, how its deliveries stand) and
// /api/v1/xapi/deliveries (each outbox delivery of statements to the LRS; README "xAPI forwarding").
import type { DeliveryState, DeliveryStatus } from './deliveries.ts';

export interface XapiForwarding {
  /** SCORM_XAPI_ENDPOINT is set in the answering process. */
  enabled: boolean;
  /** The LRS's xAPI base (SCORM_XAPI_ENDPOINT, which carries no credentials); null when off. */
  endpoint: string | null;
  deliveries: Record<DeliveryStatus, number>;
}

/** One outbox event's statements (one attempt opening or commit) on their way to the LRS. */
export interface XapiDelivery extends DeliveryState {
  registration_id: string;
}
