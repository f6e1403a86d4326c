// The passphrase of the registration key, wherever it is asked for (registering, backing the key up,
// supporting creators): a password input that offers a new password only where the key is made.
export function PassphraseInput({
  id,
  testid,
  makesKey = false,
  value,
  onValue,
  ...aria
}: {
  id: string;
  testid: string;
  /** The passphrase the key is first encrypted with (browsers offer to make one up). */
  makesKey?: boolean;
  value: string;
  onValue: (value: string) => void;
  'aria-invalid'?: 'true' | undefined;
  'aria-describedby'?: string | undefined;
}) {
  return (
    <input
      id={id}
      type="password"
      data-testid={testid}
      autocomplete={makesKey ? 'new-password' : 'current-password'}
      value={value}
      {...aria}
      onInput={(event) => onValue(event.currentTarget.value)}
    />
  );
}
