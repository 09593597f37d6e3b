// What the customer app and the admin portal share at their HTTP edge, so both refuse bad input
// the same way: cross-site posts, Express's own 4xx errors, and bodies that are not forms; and
// both log requests without the credentials some addresses carry.
export { refuseCrossSite } from "./refuse-cross-site";
export { answerClientErrors } from "./client-errors";
export { readForm } from "./read-form";
export { serve } from "./serve";
export { logRequests, loggableUrl } from "./request-log";
export { configureEdge, trustProxySetting } from "./proxy-and-url";
export { refuseUnusableRequests } from "./refuse-unusable";
