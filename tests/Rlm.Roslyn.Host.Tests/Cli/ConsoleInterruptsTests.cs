namespace Rlm.Roslyn.Host.Tests.Cli;

public sealed class ConsoleInterruptsTests
{
    [Fact]
    public void TryInterrupt_NoHandler_ReturnsFalse()
    {
        var interrupts = new ConsoleInterrupts();

        interrupts.TryInterrupt().Should().BeFalse();
        interrupts.HasHandler.Should().BeFalse();
    }

    [Fact]
    public void TryInterrupt_WithHandler_InvokesItAndReturnsTrue()
    {
        var interrupts = new ConsoleInterrupts();
        var calls = 0;
        using var registration = interrupts.Register(() => calls++);

        interrupts.TryInterrupt().Should().BeTrue();
        calls.Should().Be(1);
    }

    [Fact]
    public void Register_Disposed_StopsRoutingToTheHandler()
    {
        var interrupts = new ConsoleInterrupts();
        var calls = 0;
        var registration = interrupts.Register(() => calls++);

        registration.Dispose();
        registration.Dispose();

        interrupts.TryInterrupt().Should().BeFalse();
        calls.Should().Be(0);
    }

    [Fact]
    public void Register_Nested_ShadowsThenRestoresThePreviousHandler()
    {
        var interrupts = new ConsoleInterrupts();
        var seen = new List<string>();
        using var outer = interrupts.Register(() => seen.Add("outer"));

        using (interrupts.Register(() => seen.Add("inner")))
        {
            interrupts.TryInterrupt();
        }

        interrupts.TryInterrupt();
        seen.Should().Equal("inner", "outer");
    }
}
