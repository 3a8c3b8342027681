// The account button of the header with its menu, drawn in the browser from plain data: one element instead of a
// dozen built on every page. Profile pages are links; the actions (language, sign out) are sent to the server by
// their position. Texts are interpolated as text, never as HTML.
export default {
  template: `
    <q-btn flat round color="white" icon="account_circle" :aria-label="label">
      <q-menu auto-close>
        <q-list>
          <q-item dense>
            <q-item-section>
              <q-item-label class="font-medium">{{ name }}</q-item-label>
              <q-item-label caption class="text-grey-8">{{ email }}</q-item-label>
            </q-item-section>
          </q-item>
          <q-separator />
          <q-item v-for="link in links" :key="link[1]" clickable tag="a" :href="prefix + link[1]">
            <q-item-section>{{ link[0] }}</q-item-section>
          </q-item>
          <template v-for="(action, index) in actions" :key="index">
            <q-separator v-if="index === actions.length - 1" />
            <q-item clickable @click="$emit('pick', index)">
              <q-item-section>{{ action }}</q-item-section>
            </q-item>
          </template>
        </q-list>
      </q-menu>
    </q-btn>`,
  props: {
    label: String,
    name: String,
    email: String,
    links: Array,
    actions: Array,
  },
  computed: {
    prefix() {
      return window.path_prefix || "";
    },
  },
};
