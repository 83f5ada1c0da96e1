import { createPortalApi } from '@cloudpc/backend/api/portal-api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The whole user API (`/api/v1.0/me/...`) in one file:
 * the backend dispatcher matches each request to its contract, so unknown paths and
 * methods get Graph-shaped 404/405 answers instead of a Next.js page.
 */
const api = createPortalApi('user');

export const GET = api;
export const POST = api;
export const PATCH = api;
export const PUT = api;
export const DELETE = api;
