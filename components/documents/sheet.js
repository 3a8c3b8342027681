// A document (header, lines, totals, notes, payments applied) drawn in the browser from plain data: one element
// instead of about a hundred labels. The markup and classes are those the page built from NiceGUI elements before;
// every value is interpolated as text, never as HTML.
const GRID = "grid grid-cols-[1fr_auto] sm:grid-cols-[minmax(0,1fr)_5rem_7rem_4rem_8rem] gap-x-4 gap-y-1 items-baseline";
const LABEL = "text-xs uppercase tracking-wide text-grey-8";
const CHIP = "inline-block rounded px-2 py-0.5 text-xs font-medium uppercase tracking-wide ";
const STRONG = " font-semibold text-base border-t border-gray-300 pt-1";

export default {
  template: `
    <div class="nicegui-column w-full gap-4">
      <q-card flat bordered class="nicegui-card w-full gap-2">
        <div class="nicegui-row w-full items-center justify-between gap-2">
          <div class="text-xl font-semibold">{{ data.title }}</div>
          <div :class="chip + data.colours">{{ data.status }}</div>
        </div>
        <div class="nicegui-grid w-full grid-cols-1 sm:grid-cols-3 gap-2 text-sm">
          <div v-for="fact in data.facts" :key="fact[0]" class="nicegui-column gap-0">
            <div :class="label">{{ fact[0] }}</div>
            <div class="font-medium">{{ fact[1] }}</div>
          </div>
        </div>
      </q-card>
      <q-card flat bordered class="nicegui-card w-full gap-0 p-0">
        <div aria-hidden="true"
             :class="grid + ' w-full max-sm:hidden px-4 py-2 bg-grey-2 text-xs uppercase text-grey-9 font-medium'">
          <div v-for="(column, index) in data.columns" :key="index" :class="index ? 'text-right' : ''">{{ column }}</div>
        </div>
        <div class="w-full" role="list" :aria-label="data.linesLabel">
          <div v-for="(line, index) in data.lines" :key="index" role="listitem"
               :class="grid + ' px-4 py-3 border-t border-gray-200'">
            <div class="nicegui-column gap-0 min-w-0">
              <div class="font-medium break-words">{{ line.name }}</div>
              <div v-if="line.description" class="text-sm text-grey-8 whitespace-pre-line break-words">{{ line.description }}</div>
              <div class="text-sm text-grey-8 sm:hidden">{{ line.summary }}</div>
            </div>
            <div class="max-sm:hidden text-right">{{ line.quantity }}</div>
            <div class="max-sm:hidden text-right">{{ line.rate }}</div>
            <div class="max-sm:hidden text-right">{{ line.tax }}</div>
            <div class="text-right font-medium">{{ line.amount }}</div>
          </div>
        </div>
      </q-card>
      <div class="nicegui-column w-full sm:w-80 ml-auto gap-1">
        <div v-for="total in data.totals" :key="total[0]"
             :class="'nicegui-row w-full justify-between' + (total[2] ? strong : '')">
          <div>{{ total[0] }}</div>
          <div>{{ total[1] }}</div>
        </div>
      </div>
      <div v-for="note in data.notes" :key="note[0]" class="nicegui-column gap-1">
        <h3 class="text-base font-semibold m-0">{{ note[0] }}</h3>
        <div class="whitespace-pre-line text-sm text-grey-9">{{ note[1] }}</div>
      </div>
      <template v-if="data.payments.length">
        <h2 class="text-lg font-semibold m-0">{{ data.paymentsTitle }}</h2>
        <div class="nicegui-column w-full gap-1">
          <div v-for="(payment, index) in data.payments" :key="index"
               class="nicegui-row w-full justify-between text-sm border-b border-gray-200 py-1 no-wrap">
            <div class="nicegui-column gap-0 min-w-0">
              <div>{{ payment[0] }}</div>
              <div v-if="payment[1]" class="text-xs text-grey-8 break-all">{{ payment[1] }}</div>
            </div>
            <div class="font-medium">{{ payment[2] }}</div>
          </div>
        </div>
      </template>
    </div>`,
  props: {
    data: Object,
  },
  data() {
    return { grid: GRID, label: LABEL, chip: CHIP, strong: STRONG };
  },
};
