"""In-process fakes of outside services that the tests start themselves."""
