/**
 * Routes. Every page is a dynamic import, so the first visit downloads only the page it lands on.
 * Unauthenticated visitors go to /login and come back to where they were headed afterwards.
 */
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { useSessionStore } from '../stores/session';
import { useWorkspaceStore } from '../stores/workspace';
import { safeRedirect } from './redirect';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** For administrators only (Setup): others are sent home; the server refuses their calls anyway. */
    admin?: boolean;
  }
}

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes: [
      { path: '/login', name: 'login', component: () => import('../pages/LoginPage.vue'), meta: { public: true } },
      // An invite link: the secret is in the fragment (#fci_…), so it never reaches a server log.
      { path: '/invite', name: 'invite', component: () => import('../pages/InvitePage.vue'), meta: { public: true } },
      {
        path: '/',
        component: () => import('../layouts/AppShell.vue'),
        children: [
          { path: '', name: 'home', component: () => import('../pages/HomePage.vue') },
          // Generated screens for business users (pages/records, pages/board).
          { path: 'o/:object', name: 'object', component: () => import('../pages/records/RecordListPage.vue'), props: true },
          { path: 'o/:object/new', name: 'record-new', component: () => import('../pages/records/RecordFormPage.vue'), props: true },
          { path: 'o/:object/:id', name: 'record', component: () => import('../pages/records/RecordPage.vue'), props: true },
          { path: 'o/:object/:id/edit', name: 'record-edit', component: () => import('../pages/records/RecordFormPage.vue'), props: true },
          { path: 'dashboards/:name?', name: 'dashboards', component: () => import('../pages/dashboards/DashboardsPage.vue'), props: true },
          { path: 'reports/new', name: 'report-builder', component: () => import('../pages/reports/ReportBuilderPage.vue') },
          { path: 'approvals', name: 'approvals', component: () => import('../pages/approvals/ApprovalsPage.vue') },
          { path: 'board/:object/:pipeline?', name: 'board', component: () => import('../pages/board/BoardPage.vue'), props: true },
          // Setup for admins (pages/setup).
          { path: 'setup', name: 'setup', component: () => import('../pages/setup/SetupHomePage.vue'), meta: { admin: true } },
          {
            path: 'setup/objects/:name?',
            name: 'setup-object',
            component: () => import('../pages/setup/ObjectDesignerPage.vue'),
            props: true,
            meta: { admin: true },
          },
          {
            path: 'setup/pipelines/:key?',
            name: 'setup-pipeline',
            component: () => import('../pages/setup/PipelineDesignerPage.vue'),
            props: true,
            meta: { admin: true },
          },
          { path: 'setup/users', name: 'setup-users', component: () => import('../pages/setup/UsersPage.vue'), meta: { admin: true } },
          { path: 'setup/security', name: 'setup-security', component: () => import('../pages/setup/SecurityPage.vue'), meta: { admin: true } },
          { path: 'setup/automation', name: 'setup-automation', component: () => import('../pages/setup/AutomationPage.vue'), meta: { admin: true } },
          { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../pages/NotFoundPage.vue') },
        ],
      },
    ],
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach(async (to: RouteLocationNormalized) => {
    const session = useSessionStore();
    if (to.meta.public) return to.name === 'login' && session.isAuthenticated ? safeRedirect(to.query['redirect']) : true;
    if (!session.isAuthenticated) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    if (!to.meta.admin) return true;
    // The roles come with the workspace (or the sign-in answer); a failed load leaves the page to say so.
    if (!session.user?.roles) await useWorkspaceStore().load();
    return !session.user?.roles || session.isAdmin ? true : { name: 'home' };
  });

  return router;
}
