export interface BusinessRule {
  readonly message: string;
  readonly code: string;
  isBroken(): boolean;
}

export class BusinessRuleViolation extends Error {
  constructor(readonly rule: BusinessRule) {
    super(rule.message);
    this.name = 'BusinessRuleViolation';
  }
}
