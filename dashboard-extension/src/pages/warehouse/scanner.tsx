/**
 * Scanner input for the warehouse floor. A keyboard-wedge scanner types the code and presses
 * Enter into whatever has focus, so the input keeps the focus: it takes it on mount, after every
 * scan, and back whenever it loses it (a click on a button, on the page) unless staff chose
 * another text field. Scans are handled one at a time in the order they came; when one fails,
 * the scans already queued behind it are dropped (the packer must look at the error first).
 */

import { useEffect, useRef, type CSSProperties } from "react";

export type Tone = "idle" | "ok" | "error";

export const TONE_COLOURS: Record<Tone, { background: string; border: string; text: string }> = {
  idle: { background: "transparent", border: "#d0d5dd", text: "inherit" },
  ok: { background: "#e3fbe9", border: "#067647", text: "#067647" },
  error: { background: "#fde8e8", border: "#b42318", text: "#b42318" },
};

let audio: AudioContext | undefined;

/** A short low double beep through Web Audio: heard at the bench without looking at the screen. */
export function errorBeep(): void {
  const AudioContextClass =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!AudioContextClass) return;
  try {
    audio ??= new AudioContextClass();
    const context = audio;
    if (context.state === "suspended") void context.resume();
    for (const [offset, frequency] of [
      [0, 330],
      [0.18, 220],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "square";
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.15;
      oscillator.connect(gain);
      gain.connect(context.destination);
      oscillator.start(context.currentTime + offset);
      oscillator.stop(context.currentTime + offset + 0.15);
    }
  } catch {
    // No sound device: the colour and the message still say it.
  }
}

/** Forgets the shared audio context (tests replace `window.AudioContext`). */
export function resetAudio(): void {
  audio = undefined;
}

const FIELDS = new Set(["INPUT", "SELECT", "TEXTAREA"]);

/**
 * `onScan` gets each code (trimmed, never empty) and answers false when it failed; `onEmpty`
 * gets Enter on an empty input (a deliberate key press: scanners always send a code).
 */
export function ScanInput({
  label,
  prompt,
  tone = "idle",
  onScan,
  onEmpty,
  large = false,
}: {
  label: string;
  prompt: string;
  tone?: Tone;
  onScan: (code: string) => Promise<boolean | void> | boolean | void;
  onEmpty?: () => void;
  large?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const epoch = useRef(0);
  const handlers = useRef({ onScan, onEmpty });
  handlers.current = { onScan, onEmpty };

  useEffect(() => {
    input.current?.focus();
  }, []);

  const scan = (code: string) => {
    const mine = epoch.current;
    queue.current = queue.current.then(async () => {
      if (mine !== epoch.current) return;
      let ok: boolean | void = false;
      try {
        ok = await handlers.current.onScan(code);
      } finally {
        if (ok === false) epoch.current += 1;
        input.current?.focus();
      }
    });
  };

  const colours = TONE_COLOURS[tone];
  const style: CSSProperties = {
    width: "100%",
    boxSizing: "border-box",
    fontSize: large ? 36 : 20,
    fontFamily: "monospace",
    padding: large ? "16px 20px" : "10px 12px",
    borderRadius: 10,
    border: `3px solid ${colours.border}`,
    background: colours.background,
    color: "inherit",
    outline: "none",
  };
  return (
    <input
      ref={input}
      type="text"
      aria-label={label}
      placeholder={prompt}
      autoComplete="off"
      autoCorrect="off"
      spellCheck={false}
      data-tone={tone}
      style={style}
      onBlur={(event) => {
        const next = event.relatedTarget as HTMLElement | null;
        if (next && FIELDS.has(next.tagName)) return;
        window.setTimeout(() => {
          const active = document.activeElement as HTMLElement | null;
          if (active && active !== input.current && FIELDS.has(active.tagName)) return;
          input.current?.focus();
        }, 0);
      }}
      onKeyDown={(event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        const code = event.currentTarget.value.trim();
        event.currentTarget.value = "";
        if (code) scan(code);
        else handlers.current.onEmpty?.();
      }}
    />
  );
}
