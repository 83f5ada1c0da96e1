'use client';

// Replaces the root layout when the layout itself failed, so it cannot rely on the
// providers or the theme stylesheet: plain markup with system colours.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem', colorScheme: 'light dark' }}>
        <title>Something went wrong · Cloud PC</title>
        <main>
          <h1>Something went wrong</h1>
          <p>Your Cloud PC page could not be shown. Try again in a moment.</p>
          <button type="button" onClick={() => retry()}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
