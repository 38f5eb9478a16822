// deploy plan from step metadata: each state comes from a step's probe and its plan hint, so
// rewording a skip reason or renaming a step never changes what the plan says.
import { describe, expect, it } from 'vitest';
import { hostMap } from '../../src/engine/hosts.ts';
import { type DeployParams, deploySteps, type ProbeFindings } from './index.ts';
import { planState, renderPlan, withDependentSteps } from './plan.ts';
import { profileFrom } from './profile.ts';

const hosts = hostMap(['MAIL01', 'DC01'], { exchange: 'MAIL01', 'domain-controller': 'DC01' });
const profile = profileFrom({
  domain: 'contoso.com',
  'remote-host': 'remote.contoso.com',
  'setup-path': 'D:\\Setup.exe',
  'exchange-ip': '192.168.0.10',
  'internal-range': '192.168.0.0-192.168.0.255',
  'public-ip': '203.0.113.7',
  certificate: 'C:\\certs\\mail.pfx',
  'certificate-secret': 'pfx',
});
const params: DeployParams = { profile, integrationOn: false };
const steps = deploySteps(params, hosts);
const state = (id: string, found: ProbeFindings, p = params) => {
  const all = deploySteps(p, hosts);
  return planState(all.find((s) => s.id === id)!, withDependentSteps(all, found));
};

describe('deploy plan', () => {
  it('names the site’s hosts, by the role each step needs', () => {
    const text = JSON.stringify(renderPlan(params, steps, {}, hosts, []).blocks);
    expect(text).toContain('*D2* Windows features for Exchange (MAIL01)');
    expect(text).toContain('*D17* Split DNS (DC01)');
    expect(text).toContain('Restart MAIL01 after the features');
  });

  it('a failing guard blocks; a failing check before Exchange setup is simply to do', () => {
    expect(state('G1', { G1: { done: false, error: 'Windows Server 2008 is not supported' } })).toEqual({
      state: 'blocked',
      why: 'Windows Server 2008 is not supported',
    });
    expect(state('D5', { D3: { done: false }, D5: { error: 'Get-AcceptedDomain is not recognized' } })).toEqual({
      state: 'to do',
      why: 'after Exchange setup',
    });
    expect(state('D5', { D3: { done: true }, D5: { error: 'the domain is refused' } })).toEqual({ state: 'blocked', why: 'the domain is refused' });
  });

  it('steps without a check follow the steps they depend on', () => {
    expect(state('D3-restart', { D3: { done: true } }).state).toBe('done');
    expect(state('D3-restart', {})).toEqual({ state: 'to do', why: 'when the run changes something' });
    const configured = Object.fromEntries(['D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10'].map((id) => [id, { done: true }]));
    expect(state('D11', configured).state).toBe('done');
  });

  it('manual steps, steps known done, and steps skipped for good', () => {
    expect(state('D13', { D13: { done: false } })).toEqual({ state: 'manual', why: 'at the registrar: /exchange dns records' });
    expect(state('D15', { D15: { done: false, manual: true } })).toEqual({ state: 'manual', why: 'by hand on DC01: the Dashboard’s wizard' });
    expect(state('D15', {}, { ...params, integrationOn: true }).state).toBe('done');
    expect(state('D12', {}).state).toBe('skipped');
    expect(state('D5', {}, { ...params, profile: { ...profile, migration: true } }).state).toBe('skipped');
  });
});
