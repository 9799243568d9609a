Feature: Nothing here
  Just a description.
