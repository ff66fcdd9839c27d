/** What the Rules page, the rule form and the import/export read of a rule, its fields and triggers. */

import { graphql } from "../../api/graphql";
import type { RuleFieldFragment, RuleFragment, RuleTriggerFragment } from "../../api/generated/operations";

export const RULE = graphql(`
fragment Rule on OmsRule { id name description enabled priority trigger conditions actions refire refireHours version }`);
export const RULE_FIELD = graphql(`fragment RuleField on OmsRuleField { name type operators description money }`);
export const RULE_TRIGGER = graphql(`fragment RuleTrigger on OmsRuleTrigger { name subject description }`);

export type Rule = RuleFragment;
export type RuleField = RuleFieldFragment;
export type RuleTrigger = RuleTriggerFragment;
