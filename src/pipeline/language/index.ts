export {
  createLanguageStage,
  createLanguageDetector,
  loadLanguageModel,
  LANGUAGE_STAGE_VERSION,
  type LanguageAnnotation,
  type LanguageStageOptions,
} from './language-stage.ts';
export { conversationLanguage, type ConversationLanguage } from './conversation-language.ts';
export { languageName, NO_LANGUAGE } from './language-names.ts';
