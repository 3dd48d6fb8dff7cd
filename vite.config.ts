/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'
import { serviceWorker, singleFile } from './scripts/vite-plugins.ts'

// `base: './'` keeps the build working from any static host path. Browsers refuse module scripts
// from separate files over file://, so for disk there is the single-file build.
// `--mode single` (npm run build:single) makes the one-file build for file://; every other build
// gets the service worker that keeps it working offline.
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [react(), tailwindcss(), mode === 'single' ? singleFile('vcpu-hotplug-explorer.html') : serviceWorker()],
  build: mode === 'single' ? { outDir: 'dist-single' } : {},
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
}))
