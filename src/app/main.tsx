// Entry of the PWA. The screens come with the app issue; until then this page says
// what is running and where the API is.
import { render } from 'preact';

function Home() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '40rem', margin: '2rem auto', padding: '0 1rem' }}>
      <h1>Décompte</h1>
      <p>Inventaires physiques hors ligne. Le serveur et son API sont en service sous /api.</p>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Home />, root);
