/**
 * The demo model's whole "knowledge": a handful of sentence frames and word lists, written for
 * this project. Slots in braces are filled by compose.ts; {topic} comes from the user's message.
 * Everything is plain ASCII so every token decodes to whole characters on its own.
 */

export const openers = [
  "Good question about {topic}.",
  "Let me walk through {topic} step by step.",
  "Here is how I would think about {topic}.",
  "{topic} is a good place to start, so let us look at it closely.",
  "Short answer: it depends on how you use {topic}, but a few patterns help.",
  "Thanks for asking about {topic}; here is a practical overview.",
  "There are a few ways to approach {topic}, and they all start with the basics.",
] as const;

export const statements = [
  "The first thing to check is whether {topic} stays {adj} when the {noun} grows.",
  "Most teams {verb} the {noun} early, which keeps {topic} {adj} later on.",
  "A {adj} {noun} makes {topic} easier to reason about.",
  "If the {noun} changes often, it helps to {verb} it in one place.",
  "In practice, {topic} tends to be {adj} as long as the {noun} is {adj2}.",
  "It is worth writing down what {topic} should do before you {verb} anything.",
  "You can usually {verb} the {noun} {adv} without touching {topic} at all.",
  "The trade-off is between a {adj} {noun} and a {adj2} one.",
  "Keep an eye on the {noun}, because it is the part that surprises people most.",
  "A small test around {topic} will tell you more than a long discussion.",
  "When something goes wrong, the {noun} is usually the first clue.",
  "Think of {topic} as a {noun} that you {verb} {adv}.",
  "There is no single right answer, but a {adj} {noun} is a safe default.",
  "Measure the {noun} before and after, so you know the change helped.",
  "People often underestimate how much a {adj} {noun} saves over time.",
  "The hard part of {topic} is rarely the idea; it is keeping the {noun} {adj}.",
  "If you only change one thing, {verb} the {noun} first.",
  "A {noun} that nobody reads is not {adj}, so keep it short.",
] as const;

export const listIntros = ["A few things to keep in mind:", "Here is a simple plan:", "The main steps are:"] as const;

export const listItems = [
  "{Verb} the {noun} {adv}.",
  "Keep {topic} {adj} and easy to explain.",
  "Write a short test for the {noun}.",
  "Review the {noun} once a week.",
  "Ask what a {adj} {noun} would look like.",
  "Compare the {noun} with last month.",
  "Decide who owns the {noun}.",
] as const;

export const closers = [
  "I hope this helps with {topic}.",
  "Let me know if you want more detail on any of these points.",
  "If you share more about your {noun}, I can be more specific.",
  "That should be enough to get started.",
  "Happy to go deeper on {topic} whenever you like.",
] as const;

export const chartReply = "Here is a chart of your usage so far. Each bar is one day, split into input and output tokens.";

export const nouns = [
  "plan", "budget", "schedule", "design", "process", "team", "system", "report", "workflow",
  "setting", "limit", "estimate", "draft", "outline", "checklist", "dashboard", "forecast",
  "baseline", "routine", "prototype", "review", "summary", "timeline", "metric",
] as const;

export const adjectives = [
  "simple", "clear", "reliable", "steady", "flexible", "small", "predictable", "careful",
  "consistent", "focused", "practical", "readable", "balanced", "modest", "robust",
] as const;

export const verbs = [
  "review", "simplify", "measure", "document", "split", "schedule", "test", "adjust",
  "compare", "revisit", "organize", "track", "limit", "label",
] as const;

export const adverbs = [
  "carefully", "early", "gradually", "regularly", "quietly", "often", "step by step",
  "once a week", "in small steps",
] as const;

export const fallbackTopics = ["your question", "this idea", "the project", "the problem"] as const;

/** Words too common to be a topic. */
export const stopWords = new Set(
  `about above after again also because been before being below between both could does doing
  down during each every from further give have having here hello into itself just know like
  make many more most much need only other ought over please same should show some such tell
  than thanks thank that their them then there these they this those through under until very
  want were what when where which while whom will with would write your yours explain really`
    .split(/\s+/)
    .filter(Boolean),
);
