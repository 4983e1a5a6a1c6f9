import { Component, type ErrorInfo, type ReactNode } from "react";

/** Whatever breaks while drawing, the person sees what went wrong and a way on, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.warn("The studio hit an error while drawing", error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      return (
        <main className="page">
          <div className="error" role="alert">
            <h1>Something went wrong in the studio</h1>
            <p>{this.state.error.message}</p>
            <p>
              <a href="/">Back to the books</a>
            </p>
          </div>
        </main>
      );
    }
    return this.props.children;
  }
}
