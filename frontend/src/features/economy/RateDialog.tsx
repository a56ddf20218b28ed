/**
 * A year's rate changed in a dialog: the rate is read with its ETag as the dialog opens and the
 * change sends it as If-Match, so a change someone else made meanwhile is refused (412); a rate
 * an allocation has used cannot change (409 `rate_in_use`, said in the person's language).
 */
import { TextInput } from "@mantine/core";
import { useState } from "react";
import { useApi } from "../../api/context";
import { economyKeys, parseKroner, readRate, updateRate } from "../../api/economy";
import type { AllocationRate } from "../../api/types";
import { FormDialog, useChange, WithCurrentVersion } from "../../components/dialogs";
import { useI18n } from "../../i18n/context";

/** Øre as a person types kroner: 365 -> "3,65" (no "kr.", no thousands dots). */
export function kronerText(ore: number): string {
  const amount = BigInt(ore);
  return `${(amount / 100n).toString()},${(amount % 100n).toString().padStart(2, "0")}`;
}

function RateForm({ rate, etag, onClose, onSaved }: { rate: AllocationRate; etag: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [text, setText] = useState(kronerText(rate.ore_per_patient));
  const [invalid, setInvalid] = useState(false);
  const change = useChange([economyKeys.rates], (ore: number) => updateRate(api, rate.year, ore, etag), onSaved);
  return (
    <FormDialog
      title={t("economy.rates.editTitle", { year: rate.year })}
      submitLabel={t("common.save")}
      pending={change.isPending}
      error={change.error}
      showFieldErrors
      onSubmit={() => {
        const ore = parseKroner(text);
        setInvalid(ore === null);
        if (ore !== null) change.mutate(ore);
      }}
      onClose={onClose}
    >
      <TextInput
        required
        label={t("economy.rates.amount")}
        description={t("economy.rates.amountHint")}
        inputMode="decimal"
        autoComplete="off"
        value={text}
        onChange={(event) => { setText(event.currentTarget.value); }}
        error={invalid ? t("economy.rates.amountInvalid") : undefined}
      />
    </FormDialog>
  );
}

export function RateDialog({ year, onClose, onSaved }: { year: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  return (
    <WithCurrentVersion
      title={t("economy.rates.editTitle", { year })}
      queryKey={["rate", year]}
      load={() => readRate(api, year)}
      onClose={onClose}
    >
      {(current) => <RateForm rate={current.data} etag={current.etag} onClose={onClose} onSaved={onSaved} />}
    </WithCurrentVersion>
  );
}
