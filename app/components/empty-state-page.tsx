import { BlockStack, Card, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export interface EmptyStatePageProps {
  title: string;
  heading: string;
  /** What the merchant should do next, in their words. */
  children: ReactNode;
  action?: { content: string; url: string };
  secondaryAction?: { content: string; url: string };
  aside?: ReactNode;
}

/** A page whose list is still empty: says what will appear here and the one step that fills it. */
export function EmptyStatePage({ title, heading, children, action, secondaryAction, aside }: EmptyStatePageProps) {
  return (
    <Page title={title}>
      <Layout>
        <Layout.Section>
          <Card>
            <EmptyState
              heading={heading}
              image="/empty-state.svg"
              {...(action ? { action } : {})}
              {...(secondaryAction ? { secondaryAction } : {})}
            >
              <BlockStack gap="200">
                <Text as="p" variant="bodyMd">
                  {children}
                </Text>
              </BlockStack>
            </EmptyState>
          </Card>
        </Layout.Section>
        {aside ? <Layout.Section variant="oneThird">{aside}</Layout.Section> : null}
      </Layout>
    </Page>
  );
}
