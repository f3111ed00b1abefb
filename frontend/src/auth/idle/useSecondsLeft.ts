import { useEffect, useState } from 'react';

/** Seconds left, as last read for one deadline. */
interface Reading {
  deadline: number;
  secondsLeft: number | null;
}

/**
 * Whole seconds left until `deadline` once no more than `countdownMs` remain (never
 * below 0); null before that.
 */
export function useSecondsLeft(deadline: number, countdownMs: number): number | null {
  const [reading, setReading] = useState<Reading>(() => readAt(Date.now(), deadline, countdownMs));

  useEffect(() => {
    const update = () =>
      setReading((last) => {
        const next = readAt(Date.now(), deadline, countdownMs);
        // The same answer keeps the same state: nothing renders until the countdown.
        return last.deadline === next.deadline && last.secondsLeft === next.secondsLeft ? last : next;
      });
    update();
    // The clock is read every second rather than by one long timer, which would run late
    // in a background tab or stand still while the computer sleeps.
    const timer = setInterval(update, 1_000);
    return () => clearInterval(timer);
  }, [deadline, countdownMs]);

  // A reading of an earlier deadline (activity just moved it) must not count down, nor
  // end the session: read the clock again until the effect above catches up.
  return reading.deadline === deadline ? reading.secondsLeft : readAt(Date.now(), deadline, countdownMs).secondsLeft;
}

function readAt(now: number, deadline: number, countdownMs: number): Reading {
  const left = deadline - now;
  return { deadline, secondsLeft: left > countdownMs ? null : Math.max(0, Math.ceil(left / 1_000)) };
}
