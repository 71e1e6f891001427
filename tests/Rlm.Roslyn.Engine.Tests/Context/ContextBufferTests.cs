namespace Rlm.Roslyn.Tests.Context;

public sealed class ContextBufferTests
{
    [Fact]
    public void GetFreeSpace_MoreThanCapacity_GrowsAndKeepsTheText()
    {
        var buffer = new ContextBuffer(initialCapacity: 4, maxChars: 1000);
        buffer.Append("abcd");

        var free = buffer.GetFreeSpace(100);

        free.Length.Should().BeGreaterThanOrEqualTo(100);
        buffer.Written.ToString().Should().Be("abcd");
    }

    [Fact]
    public void GetFreeSpace_NearTheLimit_StopsAtLimitPlusSlack()
    {
        var buffer = new ContextBuffer(initialCapacity: 0, maxChars: 10);
        buffer.Append("0123456789");

        var free = buffer.GetFreeSpace(1000);

        free.Length.Should().Be(ContextBuffer.Slack);
        buffer.IsOverLimit.Should().BeFalse();
    }

    [Fact]
    public void Append_PastTheLimit_ReportsOverLimit()
    {
        var buffer = new ContextBuffer(initialCapacity: 0, maxChars: 10);

        buffer.Append(new string('x', 100));

        buffer.IsOverLimit.Should().BeTrue();
    }

    [Fact]
    public void Truncate_UndoesAppends()
    {
        var buffer = new ContextBuffer(initialCapacity: 16, maxChars: 100);
        buffer.Append("keep");
        buffer.Append("drop");

        buffer.Truncate(4);

        buffer.ToMemory().ToString().Should().Be("keep");
    }
}
