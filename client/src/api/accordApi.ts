import type { ConsultationResponse, ConsultationSummary, SessionResponse, SignInRequest } from '@accord/shared';
import { ApiRequestError, apiRequest } from './apiClient.ts';

/** The session, or null when signed out (the server answers 401). */
export async function fetchSession(): Promise<SessionResponse | null> {
  try {
    return await apiRequest<SessionResponse>('GET', '/api/session');
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401) return null;
    throw error;
  }
}

export function signIn(request: SignInRequest): Promise<SessionResponse> {
  return apiRequest<SessionResponse>('POST', '/api/session', request);
}

export function signOut(): Promise<void> {
  return apiRequest<void>('DELETE', '/api/session');
}

export function fetchConsultations(): Promise<ConsultationSummary[]> {
  return apiRequest<ConsultationSummary[]>('GET', '/api/consultations');
}

export function fetchConsultation(id: string): Promise<ConsultationResponse> {
  return apiRequest<ConsultationResponse>('GET', `/api/consultations/${encodeURIComponent(id)}`);
}
