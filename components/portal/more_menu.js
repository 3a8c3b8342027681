// The "More" button of a document page and its menu, drawn in the browser from plain data: one element instead of
// a button, a menu, and an item with two sections and an icon per entry. An entry with an address is a link that
// opens in a new tab; the others are sent to the server by their position. Texts are interpolated as text.
export default {
  template: `
    <q-btn outline no-caps :label="label" icon-right="expand_more" aria-haspopup="menu">
      <q-menu auto-close>
        <q-list>
          <q-item v-for="(item, index) in items" :key="index" clickable role="menuitem"
                  :href="item.h || undefined" :target="item.h ? '_blank' : undefined" :aria-label="item.a || undefined"
                  @click="item.h ? null : $emit('pick', index)">
            <q-item-section avatar><q-icon :name="item.i" aria-hidden="true" /></q-item-section>
            <q-item-section>{{ item.t }}</q-item-section>
          </q-item>
        </q-list>
      </q-menu>
    </q-btn>`,
  props: {
    label: String,
    items: Array,
  },
};
