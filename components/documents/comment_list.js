// Comments drawn in the browser from plain data (one JSON string), oldest first. Every value is interpolated as text, never as HTML,
// so a comment that contains markup or Markdown shows exactly as typed; line breaks are kept by the CSS.
// A comment is {i: id, a: author, m: mark, c: mark colours, e: edge classes, t: time, b: body}.
export default {
  template: `
    <div class="w-full column gap-2">
      <article v-for="comment in parsed" :key="comment.i" :class="['w-full rounded bg-white px-3 py-2', comment.e]">
        <div class="row items-center gap-x-2 gap-y-0 text-sm">
          <span class="font-medium break-all">{{ comment.a }}</span>
          <span v-if="comment.m" :class="['rounded px-1.5 text-xs font-medium', comment.c]">{{ comment.m }}</span>
          <span class="text-xs text-grey-8">{{ comment.t }}</span>
        </div>
        <p class="m-0 whitespace-pre-line break-words text-grey-10">{{ comment.b }}</p>
      </article>
    </div>`,
  props: {
    comments: String,
  },
  computed: {
    parsed() {
      return JSON.parse(this.comments || "[]");
    },
  },
};
