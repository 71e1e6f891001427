namespace Rlm.Roslyn.Tests.Context;

/// <summary><see cref="HugePages"/>: the huge-page hint is skipped where a hypervisor takes free huge blocks back.</summary>
public sealed class HugePagesTests
{
    [Theory]
    [InlineData("0110010100000000000000000000000010", true)]
    [InlineData("0110000100000000000000000000000010", false)]
    [InlineData("01100", false)]
    public void DetectFreePageReporting_BalloonFeatures_ReadsBitFive(string features, bool expected)
    {
        using var folder = new TempDirectory();
        folder.Write("drivers/virtio_balloon/virtio0/features", features + "\n");

        HugePages.DetectFreePageReporting(folder.PathOf("drivers/virtio_balloon")).Should().Be(expected);
    }

    [Fact]
    public void DetectFreePageReporting_DeviceLinkedAsInSysfs_FollowsTheLink()
    {
        using var folder = new TempDirectory();
        folder.Write("devices/virtio3/features", "0000011\n");
        Directory.CreateDirectory(folder.PathOf("drivers/virtio_balloon"));
        Directory.CreateSymbolicLink(folder.PathOf("drivers/virtio_balloon/virtio3"), folder.PathOf("devices/virtio3"));

        HugePages.DetectFreePageReporting(folder.PathOf("drivers/virtio_balloon")).Should().BeTrue();
    }

    [Fact]
    public void DetectFreePageReporting_NoBalloonDriver_IsFalse()
    {
        using var folder = new TempDirectory();

        HugePages.DetectFreePageReporting(folder.PathOf("drivers/virtio_balloon")).Should().BeFalse();
    }
}
