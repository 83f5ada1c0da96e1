import { AppError } from '../errors/app-error.ts';
import type { CosmosStore } from '../storage/cosmos-client.ts';
import { createDocument, deleteDocument, readDocument, type StoredDocument } from '../storage/documents.ts';

/**
 * Device names are unique within a tenant. Cosmos has no unique index we can rely
 * on across accounts and emulators, so each name is a document whose id is the
 * name itself: creating it is the reservation, and a second creator gets 409.
 */
interface DeviceNameDocument extends StoredDocument {
  docType: 'deviceName';
  name: string;
  cloudPcId: string;
}

const nameId = (tenantId: string, name: string) => `devicename-${tenantId}-${name.toUpperCase()}`;

/** `taken` when another Cloud PC holds the name; reserving a name the same Cloud PC holds succeeds. */
export async function reserveDeviceName(
  store: CosmosStore,
  options: { tenantId: string; name: string; cloudPcId: string },
): Promise<'reserved' | 'taken'> {
  const container = store.container('directory');
  try {
    await createDocument<DeviceNameDocument>(
      container,
      {
        id: nameId(options.tenantId, options.name),
        tenantId: options.tenantId,
        docType: 'deviceName',
        name: options.name.toUpperCase(),
        cloudPcId: options.cloudPcId,
      },
      'Device name',
    );
    return 'reserved';
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'Conflict') throw error;
    const holder = await readDocument<DeviceNameDocument>(
      container,
      options.tenantId,
      nameId(options.tenantId, options.name),
      'deviceName',
    );
    return holder?.value.cloudPcId === options.cloudPcId ? 'reserved' : 'taken';
  }
}

/** Frees a name if (and only if) this Cloud PC holds it. */
export async function releaseDeviceName(
  store: CosmosStore,
  options: { tenantId: string; name: string; cloudPcId: string },
): Promise<void> {
  const container = store.container('directory');
  const holder = await readDocument<DeviceNameDocument>(
    container,
    options.tenantId,
    nameId(options.tenantId, options.name),
    'deviceName',
  );
  if (!holder || holder.value.cloudPcId !== options.cloudPcId) return;
  try {
    await deleteDocument(container, options.tenantId, holder.value.id, holder.etag, 'Device name');
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'NotFound' && error.code !== 'PreconditionFailed')) {
      throw error;
    }
  }
}
