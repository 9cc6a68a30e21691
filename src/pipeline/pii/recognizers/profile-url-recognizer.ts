import type { PiiSpan, Recognizer } from '../pii-entity.ts';

/**
 * URLs of personal profiles (WildChat redacted linkedin.com/in/ only; this widens it to the big
 * social networks). Company/product pages, bare domains and reserved paths (`/about`, `/login`,
 * `github.com/<org>/<repo>`, …) are not personal and are left alone.
 */
const PROFILE_PATTERN =
  /(?:https?:\/\/)?(?:[a-z]{2}\.|www\.|m\.|mobile\.)?(linkedin\.com\/in|linkedin\.com\/pub|facebook\.com|fb\.com|twitter\.com|x\.com|instagram\.com|github\.com|vk\.com|t\.me|tiktok\.com\/@|youtube\.com\/@|medium\.com\/@|reddit\.com\/u(?:ser)?|threads\.net\/@)\/?([A-Za-z0-9_.%-]{2,100})\/?(?=$|[\s)\]}>"',;!?]|\.(?:\s|$))/gi;

const RESERVED_PATHS = new Set([
  'about',
  'login',
  'signup',
  'home',
  'help',
  'pages',
  'groups',
  'events',
  'marketplace',
  'watch',
  'share',
  'sharer',
  'sharer.php',
  'search',
  'explore',
  'settings',
  'privacy',
  'policies',
  'terms',
  'legal',
  'features',
  'pricing',
  'topics',
  'trending',
  'orgs',
  'organizations',
  'marketplace',
  'sponsors',
  'enterprise',
  'notifications',
  'hashtag',
  'i',
  'intent',
  'home.php',
  'profile.php',
  'developers',
  'business',
  'ads',
  'jobs',
  'company',
  'school',
  'feed',
  'messages',
  'stories',
  'reels',
  'reel',
  'p',
  'tv',
  'apps',
  'blog',
  'docs',
  'security',
  'site',
  'readme',
  'issues',
  'pulls',
  'new',
  'join',
  'logout',
  'status',
  'compose',
  'notifications',
  'direct',
  'accounts',
  'wall',
  'dialog',
  'plugins',
  'tr',
  'v2',
  'api',
  'oauth',
  'auth',
  'static',
  'assets',
  'public',
  'your-username',
  'yourusername',
  'username',
  'your_username',
  'yourname',
  'yourprofile',
  'your-profile',
  'user',
  'example',
  'johndoe',
  'john-doe',
  'xxx',
  'in',
  'pub',
  'users',
  'user',
  'orgs',
]);

export function createProfileUrlRecognizer(): Recognizer {
  return {
    name: 'profile-url',
    entity: 'URL',
    mayMatch: (text) => /linkedin|facebook|fb\.com|twitter|x\.com|instagram|github|vk\.com|t\.me|tiktok|youtube|medium|reddit|threads/i.test(text),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const match of text.matchAll(PROFILE_PATTERN)) {
        const site = (match[1] ?? '').toLowerCase();
        const user = (match[2] ?? '').toLowerCase().replace(/\.$/, '');
        const before = text[match.index - 1] ?? '';
        if (/[\w.@-]/.test(before)) continue; // part of another host (e.g. box.com, api.github.com)
        if (RESERVED_PATHS.has(user)) continue;
        // The pattern only ends at a delimiter, so github.com/<user>/<repo> (a project page) never matches.
        let end = match.index + match[0].length;
        if (text[end - 1] === '.') end -= 1;
        spans.push({ start: match.index, end, entity: 'URL', score: 0.9, metadata: { site: site.split('/')[0] ?? site } });
      }
      return spans;
    },
  };
}
