/** A labelled progress bar for long work (snapshot download, ZIP building). */
export function ProgressBar({ label, value }: { label: string; value: number | null }) {
  return (
    <div class="progress">
      <label>
        <span>{label}</span>
        <progress max={1} value={value ?? undefined} aria-label={label} />
      </label>
    </div>
  );
}
