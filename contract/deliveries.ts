// An outbox delivery on the wire, as both lists show it (webhook deliveries, xAPI deliveries):
// its state, attempts and the receiver's last answer.

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryState {
  id: string;
  event_id: string;
  status: DeliveryStatus;
  attempts: number;
  /** When a pending delivery is tried next; null otherwise. */
  next_attempt_at: string | null;
  last_response_code: number | null;
  last_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
}
