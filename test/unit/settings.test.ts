import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DISPLAY_LANGUAGES } from '../../src/core/i18n';
import { checkSetting, KERNEL_RESTART_SETTINGS, SETTING_KEYS, SETTINGS } from '../../src/extension/settings';

interface Contributed {
  type: string;
  default: unknown;
  enum?: unknown[];
  minimum?: number;
  items?: { type: string };
}
const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Contributed> } } };
const contributed = pkg.contributes.configuration.properties;

describe('settings: one typed description of every mlnb.* setting', () => {
  it('has exactly the settings package.json contributes', () => {
    assert.deepEqual(SETTING_KEYS.map((key) => `mlnb.${key}`).sort(), Object.keys(contributed).sort());
  });

  for (const key of SETTING_KEYS) {
    it(`mlnb.${key}: the same type, default, allowed values and minimum as package.json`, () => {
      const spec = SETTINGS[key];
      const declared = contributed[`mlnb.${key}`];
      assert.equal(spec.type, declared.type);
      assert.deepEqual(spec.default, declared.default);
      assert.deepEqual(spec.enum, declared.enum);
      assert.equal(spec.minimum, declared.minimum);
      if (spec.type === 'array') assert.equal(declared.items?.type, 'string', 'the typed value is string[]');
      assert.deepEqual(checkSetting(key, declared.default), { value: spec.default }, 'the default passes its own check');
    });
  }

  it('the kernel-restart list names real settings: the ones kernels read when they start', () => {
    assert.deepEqual([...KERNEL_RESTART_SETTINGS].sort(), ['backend', 'compiledTraining', 'interruptGraceSeconds', 'kernelNodeArgs', 'nodePath']);
    for (const key of KERNEL_RESTART_SETTINGS) assert.ok(`mlnb.${key}` in contributed, key);
  });

  it('the language setting allows exactly the display languages', () => {
    assert.deepEqual([...(SETTINGS.language.enum ?? [])].sort(), [...DISPLAY_LANGUAGES].sort());
  });
});

describe('settings: a stored value that does not fit is replaced and said so', () => {
  it('an unset setting is its default, without a problem', () => {
    assert.deepEqual(checkSetting('language', undefined), { value: 'both' });
    assert.deepEqual(checkSetting('kernelNodeArgs', null), { value: [] });
  });

  it('a valid value is kept as it is', () => {
    assert.deepEqual(checkSetting('language', 'zh'), { value: 'zh' });
    assert.deepEqual(checkSetting('kernelNodeArgs', ['--max-old-space-size=8192']), { value: ['--max-old-space-size=8192'] });
    assert.deepEqual(checkSetting('interruptGraceSeconds', 0.5), { value: 0.5 });
  });

  it('a value outside the enum falls back to the default, naming the allowed values', () => {
    const { value, problem } = checkSetting('language', 'fr');
    assert.equal(value, 'both');
    assert.equal(problem, 'mlnb.language must be one of "both", "zh", "en"; got "fr". Using the default, "both".');
  });

  it('a value of the wrong type falls back to the default', () => {
    assert.deepEqual(checkSetting('hints.enabled', 'yes'), { value: true, problem: 'mlnb.hints.enabled must be a boolean; got "yes". Using the default, true.' });
    assert.equal(checkSetting('kernelNodeArgs', '--inspect').value.length, 0);
    assert.match(checkSetting('kernelNodeArgs', ['--a', 3]).problem ?? '', /must be a list of strings/);
    assert.match(checkSetting('notifyLongCellSeconds', Number.NaN).problem ?? '', /must be a finite number/);
  });

  it('a number below its minimum is raised to the minimum', () => {
    assert.deepEqual(checkSetting('interruptGraceSeconds', 0.1), { value: 0.5, problem: 'mlnb.interruptGraceSeconds must be at least 0.5; got 0.1. Using 0.5.' });
    assert.equal(checkSetting('stopIdleKernelsAfterMinutes', -5).value, 0);
  });
});
